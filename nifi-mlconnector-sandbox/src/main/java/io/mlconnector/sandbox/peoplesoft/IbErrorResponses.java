package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.SimResponse;

import java.util.Map;

/** The error answers of the REST listener: 404, 401, the sign-on page, and 500s whose detail depends on the mode. */
final class IbErrorResponses {

    static final String XML = "text/xml; charset=UTF-8";
    static final String JSON = "application/json";

    private static final String SIGN_ON_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><title>Oracle | PeopleSoft Sign-in</title></head>
            <body>
            <form action="?cmd=login&amp;languageCd=ENG" method="post" id="login" name="login">
            <label for="userid">User ID</label><input type="text" id="userid" name="userid">
            <label for="pwd">Password</label><input type="password" id="pwd" name="pwd">
            <input type="submit" value="Sign In">
            </form>
            </body>
            </html>
            """;

    private IbErrorResponses() {
    }

    static SimResponse notFound() {
        return SimResponse.empty(404);
    }

    static SimResponse unauthorized() {
        return SimResponse.empty(401).header("WWW-Authenticate", "Basic realm=\"PeopleSoft\"");
    }

    /** What a front end that tells permission apart from authentication answers (Integration Broker itself answers 401). */
    static SimResponse forbidden() {
        return SimResponse.empty(403);
    }

    static SimResponse signOnPage() {
        return SimResponse.text(200, "text/html; charset=UTF-8", SIGN_ON_PAGE);
    }

    /** A framework error: Production hides the detail, Development returns an IBResponse XML document. */
    static SimResponse frameworkError(ServiceStatus status, String message) {
        if (status == ServiceStatus.PRODUCTION) {
            return SimResponse.empty(500);
        }
        String body = """
                <?xml version="1.0"?>
                <IBResponse type="error">
                  <DefaultTitle>Integration Broker Response</DefaultTitle>
                  <StatusCode>20</StatusCode>
                  <MessageSet>158</MessageSet>
                  <MessageID>10001</MessageID>
                  <DefaultMessage>%s</DefaultMessage>
                  <MessageParameters></MessageParameters>
                </IBResponse>
                """.formatted(escapeXml(message));
        return SimResponse.text(500, XML, body);
    }

    /** A QAS error: as a framework error, except that Development with json_resp=true answers QAS-style JSON. */
    static SimResponse queryError(ServiceStatus status, boolean json, String message) {
        if (status == ServiceStatus.DEVELOPMENT && json) {
            return SimResponse.text(500, JSON, JsonText.write(Map.of("status", "fail", "data", Map.of("message", message))));
        }
        return frameworkError(status, message);
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

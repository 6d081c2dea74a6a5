package io.mlconnector.demo;

import org.apache.nifi.flow.Bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions this build was made with (filtered in by Maven), which a flow definition's bundle coordinates must match. */
public record BuildInfo(String projectVersion, String nifiVersion) {

    public static final String OUR_GROUP = "io.mlconnector";
    public static final String OUR_NAR = "nifi-mlconnector-nar";
    public static final String NIFI_GROUP = "org.apache.nifi";
    public static final String NIFI_SERVICES_API_NAR = "nifi-standard-services-api-nar";

    public static BuildInfo load() {
        final Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            properties.load(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(properties.getProperty("project.version"), properties.getProperty("nifi.version"));
    }

    public Bundle ourNar() {
        return new Bundle(OUR_GROUP, OUR_NAR, projectVersion);
    }

    public Bundle nifiNar(final String artifact) {
        return new Bundle(NIFI_GROUP, artifact, nifiVersion);
    }
}

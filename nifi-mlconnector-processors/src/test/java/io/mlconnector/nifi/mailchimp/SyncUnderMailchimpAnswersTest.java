package io.mlconnector.nifi.mailchimp;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Issue 17.2: the key scenarios converge under every setting of the simulator's switches (see
 * {@link MailchimpAnswerScenarios}).
 */
@Timeout(60)
class SyncUnderMailchimpAnswersTest {

    static Stream<Arguments> cases() {
        return MailchimpAnswerScenarios.cases();
    }

    @ParameterizedTest(name = "{0} @ {1}")
    @MethodSource("cases")
    void convergesToParity(final MailchimpAnswerScenarios.Scenario scenario, final MailchimpAnswerScenarios.World world) {
        MailchimpAnswerScenarios.check(scenario, world);
    }
}

package io.gonogo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.Quantity;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {

    private static final String SCENARIO =
            """
            scenario:
              id: health-1k
              requests: 10000
              rate: 1000/s
              profiles:
                quick: {requests: 500}
                full:
                  requests: 100000
                  rate: 2000/s
            """;

    private static ConfigNode.Mapping scenario(String yaml, Profile profile) {
        ConfigNode.Mapping top =
                ConfigNode.read("load.yaml", yaml).asMapping("the file").accept("scenario");
        top.finish();
        return top.node("scenario")
                .asMapping("a scenario")
                .withProfile(profile)
                .accept("id", "requests", "rate");
    }

    @Test
    void theQuickOverlayReplacesOnlyTheKeysItNames() {
        ConfigNode.Mapping m = scenario(SCENARIO, Profile.QUICK);
        assertThat(m.node("requests").asLong("'requests'", 1, Long.MAX_VALUE)).isEqualTo(500);
        assertThat(m.node("requests").line()).isEqualTo(6);
        assertThat(m.node("rate").asQuantity("'rate'")).isEqualTo(Quantity.parse("1000/s"));
        assertThat(m.node("id").asId("scenario id")).isEqualTo("health-1k");
        m.finish();
    }

    @Test
    void theFullOverlayReplacesEveryKeyItNames() {
        ConfigNode.Mapping m = scenario(SCENARIO, Profile.FULL);
        assertThat(m.node("requests").asLong("'requests'", 1, Long.MAX_VALUE)).isEqualTo(100_000);
        assertThat(m.node("rate").asQuantity("'rate'")).isEqualTo(Quantity.parse("2000/s"));
        m.finish();
    }

    @Test
    void withoutAnOverlayForTheProfileTheBaseValuesStand() {
        String yaml =
                """
                scenario:
                  id: health-1k
                  requests: 10000
                  rate: 1000/s
                  profiles:
                    full: {requests: 100000}
                """;
        ConfigNode.Mapping m = scenario(yaml, Profile.QUICK);
        assertThat(m.node("requests").asLong("'requests'", 1, Long.MAX_VALUE)).isEqualTo(10_000);
        m.finish();
    }

    @Test
    void withoutProfilesTheMappingIsUnchanged() {
        ConfigNode.Mapping m = scenario("scenario: {id: a, requests: 7}\n", Profile.FULL);
        assertThat(m.node("requests").asLong("'requests'", 1, 10)).isEqualTo(7);
        m.finish();
    }

    @Test
    void anUnknownKeyInsideAnOverlayIsAnErrorAtThatKey() {
        String yaml =
                """
                scenario:
                  id: health-1k
                  requests: 10000
                  profiles:
                    quick:
                      requestz: 500
                """;
        ConfigNode.Mapping m = scenario(yaml, Profile.QUICK);
        assertThatThrownBy(m::finish)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("load.yaml:6:7: unknown key 'requestz'")
                .hasMessageContaining("expected one of:")
                .hasMessageContaining("requests");
    }

    @Test
    void anUnknownKeyInTheBaseIsStillAnErrorWhenAnOverlayApplies() {
        String yaml =
                """
                scenario:
                  id: health-1k
                  requestz: 10000
                  profiles: {quick: {requests: 5}}
                """;
        ConfigNode.Mapping m = scenario(yaml, Profile.QUICK);
        assertThatThrownBy(m::finish)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("load.yaml:3:3: unknown key 'requestz' in scenario");
    }

    @Test
    void anUnknownProfileNameIsAnError() {
        String yaml =
                """
                scenario:
                  id: health-1k
                  profiles:
                    medium: {requests: 5}
                """;
        assertThatThrownBy(() -> scenario(yaml, Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("load.yaml:4:5: unknown profile 'medium'; expected quick or full");
    }

    @Test
    void anOverlayThatIsNotAMappingIsAnError() {
        String yaml =
                """
                scenario:
                  id: health-1k
                  profiles:
                    quick: 500
                """;
        assertThatThrownBy(() -> scenario(yaml, Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("load.yaml:4:12: expected profile 'quick' as a mapping");
    }

    @Test
    void nodesKnowTheirPath() {
        ConfigNode.Mapping top =
                ConfigNode.read("t.yaml", "a:\n  b:\n    - {c: 1}\n").asMapping("the file");
        ConfigNode c =
                top.node("a")
                        .asMapping("a")
                        .node("b")
                        .asList("b")
                        .get(0)
                        .asMapping("item")
                        .node("c");
        assertThat(c.path()).isEqualTo("a.b[0].c");
        assertThat(c.line()).isEqualTo(3);
        assertThat(c.column()).isEqualTo(11);
        assertThat(c.kind()).isEqualTo("a number (1)");
    }
}

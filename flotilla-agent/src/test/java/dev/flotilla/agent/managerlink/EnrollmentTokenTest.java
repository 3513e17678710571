package dev.flotilla.agent.managerlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnrollmentTokenTest {

    static final String HASH = "0123456789abcdef".repeat(4);

    @Test
    void splitsAtTheLastDotAndKeepsTheWholeTokenToSend() {
        EnrollmentToken token = EnrollmentToken.parse("a.b-secret." + HASH.toUpperCase());
        assertThat(token.caSha256()).isEqualTo(HASH);
        assertThat(token.text()).isEqualTo("a.b-secret." + HASH.toUpperCase());
        assertThat(token.toString()).doesNotContain("secret");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> EnrollmentToken.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> EnrollmentToken.parse("nodot")).hasMessageContaining("<secret>.<ca-sha256-hex>").hasMessageContaining("no '.'");
        assertThatThrownBy(() -> EnrollmentToken.parse("." + HASH)).hasMessageContaining("no secret");
        assertThatThrownBy(() -> EnrollmentToken.parse("s.abc")).hasMessageContaining("64 digits").hasMessageContaining("has 3");
        assertThatThrownBy(() -> EnrollmentToken.parse("s." + HASH.substring(1) + "g")).hasMessageContaining("'g' at position 64");
    }

    @Test
    void caHashAcceptsOpensslColons() {
        String colons = HASH.replaceAll("(..)(?!$)", "$1:");
        assertThat(EnrollmentToken.caHash(colons)).isEqualTo(HASH);
    }

    @Test
    void managerAddresses() {
        assertThat(ManagerAddress.parse("mgr.example:9443")).isEqualTo(new ManagerAddress("mgr.example", 9443));
        assertThat(ManagerAddress.parse("mgr.example")).isEqualTo(new ManagerAddress("mgr.example", 9443));
        assertThat(ManagerAddress.parse("[::1]:7000")).isEqualTo(new ManagerAddress("::1", 7000));
        assertThat(ManagerAddress.parse("[::1]:7000").toString()).isEqualTo("[::1]:7000");
        assertThatThrownBy(() -> ManagerAddress.parse("mgr:http")).hasMessageContaining("'http'");
        assertThatThrownBy(() -> ManagerAddress.parse("mgr:70000")).hasMessageContaining("70000");
    }
}

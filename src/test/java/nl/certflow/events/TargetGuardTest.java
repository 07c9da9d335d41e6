package nl.certflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class TargetGuardTest {

    /** Literal addresses: the JVM resolver does not ask DNS for them. */
    private final TargetGuard guard = new TargetGuard(false, InetAddress::getAllByName);

    @Test
    void refusesInternalAddresses() {
        for (String host : List.of(
                "127.0.0.1",
                "127.1.2.3",
                "0.0.0.0",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "169.254.1.1",
                "100.64.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "[::1]",
                "[::]",
                "[fe80::1]",
                "[fd00:ec2::254]",
                "[fc00::1]",
                "[ff02::1]",
                "[::ffff:127.0.0.1]",
                "[::ffff:169.254.169.254]",
                "[64:ff9b::a00:1]",
                "[2002:c0a8:101::1]")) {
            assertThatThrownBy(() -> guard.check("https://" + host + "/hook"))
                    .as(host)
                    .isInstanceOf(UnsafeTargetException.class)
                    .hasMessageContaining("internal address");
        }
    }

    @Test
    void acceptsPublicAddresses() throws Exception {
        for (String host : List.of(
                "203.0.113.10",
                "8.8.8.8",
                "172.32.0.1",
                "100.128.0.1",
                "[2606:4700:4700::1111]",
                "[64:ff9b::808:808]")) {
            assertThat(guard.check("https://" + host + ":8443/hook?x=1").getHost())
                    .as(host)
                    .isEqualTo(host);
        }
    }

    @Test
    void refusesAnythingButHttps() {
        for (String url : List.of(
                "http://8.8.8.8/hook",
                "ftp://8.8.8.8/",
                "file:///etc/passwd",
                "//8.8.8.8/x",
                "hook",
                "https://user:pw@8.8.8.8/",
                "https:///nohost",
                "https://8.8.8.8/#frag",
                "",
                "https://[::1")) {
            assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOf(UnsafeTargetException.class);
        }
        assertThatThrownBy(() -> guard.check(null)).isInstanceOf(UnsafeTargetException.class);
        assertThatThrownBy(() -> guard.check("https://8.8.8.8/" + "a".repeat(2000)))
                .isInstanceOf(UnsafeTargetException.class);
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsInternal() throws Exception {
        TargetGuard named = new TargetGuard(
                false, host -> new InetAddress[] {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.5")});
        assertThatThrownBy(() -> named.check("https://hooks.example.com/in")).isInstanceOf(UnsafeTargetException.class);
        TargetGuard unknown = new TargetGuard(false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> unknown.check("https://nowhere.example/in")).hasMessageContaining("does not resolve");
    }

    /** DNS rebinding: the name was public at registration and points inside later; the check before delivery sees it. */
    @Test
    void aNameThatIsRepointedInsideIsRefusedAtTheNextCheck() throws Exception {
        Deque<String> answers = new ArrayDeque<>(List.of("8.8.4.4", "169.254.169.254"));
        TargetGuard rebinding =
                new TargetGuard(false, host -> new InetAddress[] {InetAddress.getByName(answers.pop())});
        assertThat(rebinding.check("https://hooks.example.com/in").getHost()).isEqualTo("hooks.example.com");
        assertThatThrownBy(() -> rebinding.check("https://hooks.example.com/in"))
                .isInstanceOf(UnsafeTargetException.class);
    }

    @Test
    void theDemoSettingAllowsHttpAndInternalAddresses() throws Exception {
        TargetGuard demo = new TargetGuard(true, host -> {
            throw new AssertionError("not resolved when private targets are allowed");
        });
        assertThat(demo.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
        assertThat(demo.check("https://169.254.169.254/").getHost()).isEqualTo("169.254.169.254");
        assertThatThrownBy(() -> demo.check("ftp://127.0.0.1/")).isInstanceOf(UnsafeTargetException.class);
    }
}

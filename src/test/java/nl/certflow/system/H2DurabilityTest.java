package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

/** Whatever H2 URL a user configures, commits reach the file at once; the end-to-end check is in RestartTest. */
@DatabaseIndependent
class H2DurabilityTest {

    @Test
    void aFileDatabaseWithoutTheFlagGetsIt() {
        assertThat(H2Durability.durable("jdbc:h2:file:/some/dir/certflow"))
                .isEqualTo("jdbc:h2:file:/some/dir/certflow;WRITE_DELAY=0");
        assertThat(H2Durability.durable("jdbc:h2:./data/certflow;AUTO_SERVER=TRUE"))
                .as("a path without file: is a file database too")
                .isEqualTo("jdbc:h2:./data/certflow;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(H2Durability.durable("jdbc:h2:~/certflow")).isEqualTo("jdbc:h2:~/certflow;WRITE_DELAY=0");
        assertThat(H2Durability.durable("JDBC:H2:FILE:/x")).isEqualTo("JDBC:H2:FILE:/x;WRITE_DELAY=0");
        assertThat(H2Durability.durable("jdbc:h2:tcp://db.example/certflow"))
                .as("a server's database")
                .isEqualTo("jdbc:h2:tcp://db.example/certflow;WRITE_DELAY=0");
    }

    @Test
    void aUrlThatAlreadySaysZeroIsKept() {
        String url = "jdbc:h2:file:./data/certflow;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=256";
        assertThat(H2Durability.durable(url)).isEqualTo(url);
        assertThat(H2Durability.durable("jdbc:h2:file:/x;write_delay = 0"))
                .isEqualTo("jdbc:h2:file:/x;write_delay = 0");
    }

    @Test
    void aUrlAskingForADelayIsRefusedWithTheReason() {
        assertThatThrownBy(() -> H2Durability.durable("jdbc:h2:file:/x;WRITE_DELAY=500"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WRITE_DELAY=500")
                .hasMessageContaining("crash would lose");
        assertThatThrownBy(() -> H2Durability.durable("jdbc:h2:file:/x;write_delay=10;QUERY_CACHE_SIZE=256"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void otherDatabasesAreLeftAsGiven() {
        assertThat(H2Durability.durable("jdbc:h2:mem:certflow;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:certflow;DB_CLOSE_DELAY=-1");
        assertThat(H2Durability.durable("jdbc:postgresql://localhost:5432/certflow"))
                .isEqualTo("jdbc:postgresql://localhost:5432/certflow");
    }
}

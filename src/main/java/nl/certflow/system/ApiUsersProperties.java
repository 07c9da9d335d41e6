package nl.certflow.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code certflow.security.users[N].name/password/role}: the control-panel API accounts. */
@ConfigurationProperties("certflow.security")
public record ApiUsersProperties(List<ApiUser> users) {

    public enum Role {
        CUSTOMER,
        OPERATOR
    }

    public record ApiUser(String name, String password, Role role) {

        @Override
        public String toString() {
            return "ApiUser[name=" + name + ", password=******, role=" + role + "]";
        }
    }

    public ApiUsersProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }
}

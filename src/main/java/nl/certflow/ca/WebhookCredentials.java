package nl.certflow.ca;

/** The HTTP Basic credentials a CA push must carry. */
public record WebhookCredentials(String username, String password) {

    @Override
    public String toString() {
        return "WebhookCredentials[username=" + username + ", password=******]";
    }
}

package nl.certflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A form POST from another loopback address (127.0.0.2, 127.0.0.3, ...): the server sees a different client, which
 * the JDK's HTTP client cannot make it see. Answers the HTTP status.
 */
public final class LoopbackPeer {

    private LoopbackPeer() {}

    public static int postForm(String sourceAddress, int port, String path, String user, String password, String form) {
        return postForm(sourceAddress, port, path, user, password, form, Map.of());
    }

    /** The same, with extra request headers (e.g. a spoofed X-Forwarded-For). */
    public static int postForm(
            String sourceAddress,
            int port,
            String path,
            String user,
            String password,
            String form,
            Map<String, String> headers) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + (user == null
                            ? ""
                            : "Authorization: Basic "
                                    + Base64.getEncoder()
                                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
                                    + "\r\n")
                    + headers.entrySet().stream()
                            .map(header -> header.getKey() + ": " + header.getValue() + "\r\n")
                            .collect(Collectors.joining())
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

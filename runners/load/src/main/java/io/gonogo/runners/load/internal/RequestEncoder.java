package io.gonogo.runners.load.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Encodes an HTTP/1.1 request once into the bytes every virtual user then sends as they are. */
public final class RequestEncoder {

    private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";

    private RequestEncoder() {}

    /**
     * Encodes the request line, headers and body.
     *
     * <p>Adds {@code Host} (unless given), {@code User-Agent: gonogo} (unless given), and for a
     * body {@code Content-Type} and {@code Content-Length}; methods that usually carry a body
     * (POST, PUT, PATCH) get {@code Content-Length: 0} when they have none.
     *
     * @param target the target; its raw path and query form the request target
     * @param method the method token
     * @param headers name and value pairs
     * @param body the body, possibly empty
     * @param contentType the body's content type, present when a body was set
     * @return the encoded request
     */
    public static byte[] encode(
            URI target,
            String method,
            List<String[]> headers,
            byte[] body,
            Optional<String> contentType) {
        StringBuilder head = new StringBuilder(128);
        String path = target.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        head.append(method).append(' ').append(path);
        if (target.getRawQuery() != null) {
            head.append('?').append(target.getRawQuery());
        }
        head.append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        boolean hasAgent = false;
        for (String[] h : headers) {
            hasHost |= h[0].equalsIgnoreCase("Host");
            hasAgent |= h[0].equalsIgnoreCase("User-Agent");
        }
        if (!hasHost) {
            head.append("Host: ").append(target.getHost());
            if (target.getPort() != -1 && target.getPort() != defaultPort(target)) {
                head.append(':').append(target.getPort());
            }
            head.append("\r\n");
        }
        if (!hasAgent) {
            head.append("User-Agent: gonogo\r\n");
        }
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (contentType.isPresent()) {
            head.append("Content-Type: ").append(contentType.get()).append("\r\n");
        }
        String upper = method.toUpperCase(Locale.ROOT);
        if (body.length > 0
                || contentType.isPresent()
                || upper.equals("POST")
                || upper.equals("PUT")
                || upper.equals("PATCH")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * Returns the host to connect to, without the brackets of an IPv6 literal.
     *
     * @param target the target
     * @return the host
     */
    public static String host(URI target) {
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }

    /**
     * Returns the port to connect to, 80 (http) or 443 (https) when the target has none.
     *
     * @param target the target
     * @return the port
     */
    public static int port(URI target) {
        return target.getPort() == -1 ? defaultPort(target) : target.getPort();
    }

    private static int defaultPort(URI target) {
        return "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }

    /**
     * Tells whether a string is an HTTP token (RFC 9110), as methods and header names must be.
     *
     * @param s the string
     * @return true for a non-empty token
     */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || TOKEN_SPECIALS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a string may be a header value: no control characters except tab.
     *
     * @param s the string
     * @return true when it can be sent as a field value
     */
    public static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}

package io.gonogo.runners.engine.internal;

import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.SutSpec;
import io.gonogo.runners.engine.Sut;
import io.gonogo.runners.engine.SutEndpoint;
import io.gonogo.runners.engine.SutProvider;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code sut: {url: http://host:port}}: a service the user runs; gonogo neither starts nor stops it.
 */
public final class UrlSutProvider implements SutProvider {

    @Override
    public String kind() {
        return "url";
    }

    @Override
    public void validate(SutSpec spec) {
        uri(spec);
    }

    private static URI uri(SutSpec spec) {
        ConfigNode n = spec.settings().orElseThrow();
        String text = n.asScalarText("'sut.url'");
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw n.error("'" + text + "' is not a URL; expected such as http://127.0.0.1:8080");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() > 65535) {
            throw n.error("'" + text + "' is not an http URL with a host and a port up to 65535; expected such as"
                    + " http://127.0.0.1:8080"
                    + " (https comes with TLS support)");
        }
        return uri;
    }

    @Override
    public Sut start(SutSpec spec, Path workDir) {
        SutEndpoint endpoint = new SutEndpoint(uri(spec), "", "");
        return new Sut() {
            @Override
            public SutEndpoint endpoint() {
                return endpoint;
            }

            @Override
            public String description() {
                return "service at " + endpoint.httpBase() + " (not started by gonogo)";
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}

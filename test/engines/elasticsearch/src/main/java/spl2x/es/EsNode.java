package spl2x.es;

import java.io.Closeable;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.Build;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.MockNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * A single-node Elasticsearch for the verification tests: the real server with the Netty4 plugin for HTTP, started
 * in this JVM through the test framework's MockNode (classpath plugins; no mock services are plugged in).
 *
 * <p>Configuration, all from the environment (start.mjs sets them):
 * <ul>
 *   <li>{@code SPL2X_ES_HOME}: path.home (a temp dir; data, logs and config under it) — required;</li>
 *   <li>{@code SPL2X_ES_HOST}: the address to bind (default 127.0.0.1);</li>
 *   <li>{@code SPL2X_ES_PORT}: the HTTP port (default 9250);</li>
 *   <li>{@code SPL2X_ES_TRANSPORT_PORT}: the transport port(s) (default 9350-9399).</li>
 * </ul>
 * No x-pack: no security, no TLS. Stops cleanly on SIGTERM (a shutdown hook closes the node).
 */
public final class EsNode {
    private EsNode() {}

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    public static void main(String[] args) throws Exception {
        String homeEnv = System.getenv("SPL2X_ES_HOME");
        if (homeEnv == null || homeEnv.isBlank()) {
            System.err.println("SPL2X_ES_HOME is not set (use npm run es:start)");
            System.exit(2);
        }
        Path home = Path.of(homeEnv).toAbsolutePath();
        String host = env("SPL2X_ES_HOST", "127.0.0.1");
        String port = env("SPL2X_ES_PORT", "9250");
        String transportPort = env("SPL2X_ES_TRANSPORT_PORT", "9350-9399");

        Path config = Files.createDirectories(home.resolve("config"));
        try (InputStream in = EsNode.class.getResourceAsStream("/spl2x-es-log4j2.properties")) {
            Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }

        Settings settings = Settings.builder()
            .put("cluster.name", "spl2x-verify")
            .put("node.name", "spl2x-es")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("discovery.type", "single-node")
            .put("network.host", host)
            .put("http.port", port)
            .put("transport.port", transportPort)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // A test node on a shared machine: never refuse writes because the disk is fuller than production likes.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> "spl2x-es");
        LogConfigurator.setNodeName("spl2x-es");
        LogConfigurator.setClusterName("spl2x-verify");
        LogConfigurator.configure(environment, true);

        // MockNode's public constructors prepare the environment through ESTestCase, whose static initializer runs
        // the test bootstrap (natives, "can not run elasticsearch as root", ...): use the one that takes an
        // Environment. The plugins are classpath plugins; no mock service is plugged in (those need test plugins).
        Constructor<MockNode> ctor = MockNode.class.getDeclaredConstructor(Environment.class, Collection.class, boolean.class, Closeable.class);
        ctor.setAccessible(true);
        Closeable onClose = () -> {};
        Node node = ctor.newInstance(environment, List.of(Netty4Plugin.class, RootInfoPlugin.class), true, onClose);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "spl2x-es-shutdown"));
        try {
            node.start();
        } catch (Throwable t) {
            // The node's threads would keep the JVM alive: exit (the shutdown hook closes the node).
            System.err.println("spl2x-es: the node did not start");
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("spl2x-es: Elasticsearch " + Build.current().version() + " listening on http://" + host + ":" + port);
        stopped.await();
    }
}

package dev.cdcsync.connector.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.metadata.Node;
import java.net.InetSocketAddress;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraLoginTest {

    private static final com.datastax.oss.driver.api.core.metadata.EndPoint NODE =
            new com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint(InetSocketAddress.createUnresolved("cassandra-1", 9042));

    @Test
    void everyNodeRefusingTheCredentialsIsARefusedLoginNotAnOutage() {
        assertThat(CassandraLogin.refused(new AuthenticationException(NODE, "Provided username cdc and/or password are incorrect")))
                .isTrue();
        assertThat(CassandraLogin.refused(allFailed(new AuthenticationException(NODE, "bad credentials")))).isTrue();
    }

    @Test
    void aNodeThatCouldNotBeReachedIsAnOutage() {
        assertThat(CassandraLogin.refused(allFailed(new ConnectionInitException("connection refused", null)))).isFalse();
        assertThat(CassandraLogin.refused(new IllegalStateException("x"))).isFalse();
    }

    private static AllNodesFailedException allFailed(Throwable error) {
        // The node is only the key the driver files each error under; none of its methods is called.
        Node node = (Node) java.lang.reflect.Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "cassandra-1";
                    default -> null;
                });
        List<Map.Entry<Node, Throwable>> errors = List.of(new AbstractMap.SimpleEntry<>(node, error));
        return AllNodesFailedException.fromErrors(errors);
    }
}

package dev.cdcsync.it.harness;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves a server's runtime classpath from Maven artifacts (the local repository, else Maven Central), for a server
 * run in a JVM of its own: its libraries never meet the test's on one classpath.
 */
public final class MavenArtifacts {

    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private MavenArtifacts() {
    }

    /** @param coordinates {@code group:artifact:version} */
    public static List<Path> runtimeClasspath(String coordinates) throws Exception {
        RepositorySystem system = new RepositorySystemSupplier().get();
        Path local = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        try (var session = new SessionBuilderSupplier(system).get().withLocalRepositoryBaseDirectories(local)
                .setSystemProperties(System.getProperties()).build()) {
            RemoteRepository central = new RemoteRepository.Builder("central", "default", CENTRAL).build();
            CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact(coordinates), JavaScopes.RUNTIME),
                    List.of(central));
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            return system.resolveDependencies(session, request).getArtifactResults().stream()
                    .map(result -> result.getArtifact().getPath()).toList();
        } finally {
            system.shutdown();
        }
    }
}

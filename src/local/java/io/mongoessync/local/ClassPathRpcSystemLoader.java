package io.mongoessync.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

import java.util.ServiceLoader;

/**
 * Flink's RPC system (Pekko and its Scala) from the local runner's class path, where
 * {@code mvn package} puts {@code target/local-lib/flink-rpc-akka.jar}. Flink's own loader copies that
 * jar out of {@code flink-rpc-akka-loader} into a temporary file at every start and loads its 1,200
 * classes through a class loader of its own, which the class-data-sharing archive cannot serve.
 * Tried before Flink's loader; where the jar is not on the class path (a Flink distribution, the
 * tests), Flink's loader takes over.
 */
public final class ClassPathRpcSystemLoader implements RpcSystemLoader {

    @Override
    public int getLoadPriority() {
        return -1;
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        return ServiceLoader.load(RpcSystem.class, ClassPathRpcSystemLoader.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new RpcLoaderException("No RPC system on the class path"));
    }
}

package org.apache.curator.framework.imps;

import java.lang.reflect.Field;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.ACLBackgroundPathAndBytesable;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;

/**
 * The path a protected create takes after a lost connection, made to happen: its node exists (the
 * first attempt made it, and the answer was lost), and the create looks it up again by its
 * protection prefix instead of creating one (Curator's own switch for this, {@code
 * debugForceFindProtectedNode}). Tests only.
 */
public final class ProtectedCreates {

    private ProtectedCreates() {}

    /**
     * An ephemeral sequential, protected create of {@code path} whose node already exists, as after
     * a create whose answer was lost.
     */
    public static ACLBackgroundPathAndBytesable<String> foundAgain(CuratorFramework client, String path)
            throws Exception {
        CreateBuilderImpl builder = (CreateBuilderImpl) client.create();
        builder.debugForceFindProtectedNode = true;
        ACLBackgroundPathAndBytesable<String> create =
                builder.creatingParentContainersIfNeeded().withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL);
        Field mode = CreateBuilderImpl.class.getDeclaredField("protectedMode");
        mode.setAccessible(true);
        String id = ((ProtectedMode) mode.get(builder)).protectedId();
        ZKPaths.PathAndNode parts = ZKPaths.getPathAndNode(path);
        client.create()
                .creatingParentContainersIfNeeded()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(ZKPaths.makePath(parts.getPath(), ProtectedUtils.getProtectedPrefix(id) + parts.getNode()));
        return create;
    }
}

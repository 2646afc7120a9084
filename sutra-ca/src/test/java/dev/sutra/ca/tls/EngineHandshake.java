package dev.sutra.ca.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** Drives a client and a server {@link SSLEngine} against each other in memory, no sockets or threads. */
final class EngineHandshake {

    private static final int BUFFER = 1 << 17;
    private static final int MAX_STEPS = 200;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer toServer = ByteBuffer.allocate(BUFFER);
    private final ByteBuffer toClient = ByteBuffer.allocate(BUFFER);

    EngineHandshake(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    /** Runs the handshake to its end; throws the first failure of either side as that side saw it. */
    void run() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < MAX_STEPS; i++) {
            step(client, toClient, toServer);
            step(server, toServer, toClient);
            if (client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish in " + MAX_STEPS + " steps");
    }

    /** Sends {@code message} from client to server over the established session and returns what arrived. */
    String clientToServer(String message) throws SSLException {
        toServer.clear();
        client.wrap(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), toServer);
        toServer.flip();
        ByteBuffer received = ByteBuffer.allocate(BUFFER);
        // The server may first read leftover handshake records (TLS 1.3 tickets go the other way, but be general).
        while (toServer.hasRemaining()) {
            server.unwrap(toServer, received);
        }
        received.flip();
        return StandardCharsets.UTF_8.decode(received).toString();
    }

    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out) throws SSLException {
        for (int i = 0; i < MAX_STEPS; i++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    boolean progressed = in.hasRemaining()
                            && engine.unwrap(in, ByteBuffer.allocate(BUFFER)).bytesConsumed() > 0;
                    in.compact();
                    if (!progressed) {
                        return;
                    }
                }
                case NEED_TASK -> {
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }
}

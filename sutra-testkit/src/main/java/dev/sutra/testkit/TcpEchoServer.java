package dev.sutra.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain TCP server that answers each connection with a greeting, then echoes bytes back. */
public final class TcpEchoServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String name;

    private TcpEchoServer(ServerSocket socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    public static TcpEchoServer start(String name) throws IOException {
        TcpEchoServer server = new TcpEchoServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), name);
        Thread t = new Thread(server::acceptLoop, "tcp-echo-" + name);
        t.setDaemon(true);
        t.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> echo(s), "tcp-echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            out.write(("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.transferTo(out);
        } catch (IOException e) {
            // The client went away.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.sutra.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** {@code host:port} option values, with errors that name the option. */
final class HostPorts {

    private HostPorts() {
    }

    static InetSocketAddress parse(String value, String option) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.TypeConversionException(option + ": \"" + value + "\" (expected: host:port)");
        }
        try {
            return InetSocketAddress.createUnresolved(value.substring(0, colon),
                    Integer.parseInt(value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(option + ": \"" + value
                    + "\" (expected: host:port with a port 0-65535)");
        }
    }

    /** The address resolved, for servers that bind it. */
    static InetSocketAddress bind(String value, String option) {
        InetSocketAddress a = parse(value, option);
        return new InetSocketAddress(a.getHostString(), a.getPort());
    }
}

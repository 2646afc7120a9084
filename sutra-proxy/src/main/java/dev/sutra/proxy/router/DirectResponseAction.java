package dev.sutra.proxy.router;

import com.google.protobuf.ByteString;

/**
 * Answer locally with a fixed status and body ({@code direct_response}).
 *
 * @param status HTTP status, 200 to 599
 * @param body the inline body, possibly empty
 */
public record DirectResponseAction(int status, ByteString body) implements RouteAction {
}

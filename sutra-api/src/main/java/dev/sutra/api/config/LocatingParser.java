package dev.sutra.api.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parser that records the position of every field and element as the tree is read through it:
 * one pass gives both the tree and the index from JSON pointer to line and column.
 */
final class LocatingParser extends JsonParserDelegate {

    private final String file;
    private final int lineOffset;
    private final Map<String, SourcePosition> positions = new HashMap<>();

    LocatingParser(JsonParser parser, String file, int lineOffset) {
        super(parser);
        this.file = file;
        this.lineOffset = lineOffset;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = super.nextToken();
        if (token != null && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
            String pointer = pointerOf(token);
            // The field name comes before its value: keep the key's position, where editors jump to.
            positions.putIfAbsent(pointer, position(delegate.currentTokenLocation()));
        }
        return token;
    }

    private String pointerOf(JsonToken token) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            // The new container's context is already entered; its parent holds the name or index.
            return delegate.getParsingContext().getParent() == null
                    ? ""
                    : delegate.getParsingContext().getParent().pathAsPointer().toString();
        }
        return delegate.getParsingContext().pathAsPointer().toString();
    }

    SourcePosition position(JsonLocation location) {
        return new SourcePosition(file, location.getLineNr() + lineOffset, location.getColumnNr());
    }

    SourceIndex index(int documentLine) {
        return new SourceIndex(file, positions, new SourcePosition(file, documentLine, 1));
    }
}

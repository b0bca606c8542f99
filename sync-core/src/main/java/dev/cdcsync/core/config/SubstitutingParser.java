package dev.cdcsync.core.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * Expands {@code ${...}} in string values as they are read, so error locations still point at
 * the original file and a port written {@code ${PG_PORT}} binds as a number.
 */
final class SubstitutingParser extends JsonParserDelegate {

    private final Substitution substitution;

    SubstitutingParser(JsonParser delegate, Substitution substitution) {
        super(delegate);
        this.substitution = substitution;
    }

    @Override
    public String getText() throws IOException {
        String text = super.getText();
        return currentToken() == JsonToken.VALUE_STRING ? expand(text) : text;
    }

    @Override
    public String getValueAsString() throws IOException {
        return getValueAsString(null);
    }

    @Override
    public String getValueAsString(String defaultValue) throws IOException {
        String text = super.getValueAsString(defaultValue);
        return currentToken() == JsonToken.VALUE_STRING ? expand(text) : text;
    }

    @Override
    public char[] getTextCharacters() throws IOException {
        return getText().toCharArray();
    }

    @Override
    public int getTextLength() throws IOException {
        return getText().length();
    }

    @Override
    public int getTextOffset() {
        return 0;
    }

    private String expand(String text) throws JsonParseException {
        try {
            return substitution.expand(text);
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(this, e.getMessage());
        }
    }
}

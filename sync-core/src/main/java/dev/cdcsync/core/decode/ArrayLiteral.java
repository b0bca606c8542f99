package dev.cdcsync.core.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses PostgreSQL's array text form ({@code {1,NULL,"a \"b\""}, {{1,2},{3,4}}}) into nested lists of
 * element texts; NULL elements are null. Arrays whose lower bound is not 1 ({@code [0:1]={1,2}}) have no
 * list form and are refused, never shifted.
 */
final class ArrayLiteral {

    private final String text;
    private static final char DELIMITER = ',';
    private int pos;

    private ArrayLiteral(String text) {
        this.text = text;
    }

    /** Arrays of {@code box}, whose delimiter is ';', never come here: they travel as NATIVE text. */
    static List<Object> parse(String text) {
        if (text.startsWith("[")) {
            throw new DecodeException("the array " + abbreviate(text) + " has a lower bound other than 1, which"
                    + " cdc-sync cannot carry exactly; give it the default bounds at the source");
        }
        ArrayLiteral p = new ArrayLiteral(text);
        List<Object> out = p.array();
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw p.error("text after the array");
        }
        return out;
    }

    private List<Object> array() {
        skipSpaces();
        expect('{');
        List<Object> out = new ArrayList<>();
        skipSpaces();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpaces();
            out.add(peek() == '{' ? array() : element());
            skipSpaces();
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != DELIMITER) {
                throw error("'" + DELIMITER + "' or '}' expected");
            }
        }
    }

    private String element() {
        if (peek() == '"') {
            pos++;
            StringBuilder s = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return s.toString();
                }
                s.append(c == '\\' ? next() : c);
            }
        }
        int start = pos;
        StringBuilder s = new StringBuilder();
        while (peek() != DELIMITER && peek() != '}') {
            char c = next();
            s.append(c == '\\' ? next() : c);
        }
        String raw = s.toString().strip();
        // An unquoted NULL is SQL NULL; a quoted "NULL" is the text.
        return raw.equalsIgnoreCase("NULL") && text.substring(start, pos).strip().equalsIgnoreCase("NULL") ? null : raw;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("'" + c + "' expected");
        }
    }

    private DecodeException error(String what) {
        return new DecodeException("not an array literal (" + what + " at " + pos + "): " + abbreviate(text));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}

package dev.cdcsync.connector.mongodb;

/**
 * Source names as MongoDB field and collection names, escaped so that every name stays itself and reversible:
 * {@code %} becomes {@code %25}, {@code .} becomes {@code %2E} (a dot means a path in a field name) and {@code $}
 * becomes {@code %24} (operators start with it; collection names may not hold it). A NUL becomes {@code %00}.
 */
public final class MongoNames {

    private MongoNames() {
    }

    public static String field(String name) {
        return escape(name);
    }

    /** Since every dot is escaped, no collection name can fall under MongoDB's reserved {@code system.} prefix. */
    static String collection(String table) {
        return escape(table);
    }

    private static String escape(String name) {
        if (name.indexOf('%') < 0 && name.indexOf('.') < 0 && name.indexOf('$') < 0 && name.indexOf('\0') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            switch (c) {
                case '%' -> out.append("%25");
                case '.' -> out.append("%2E");
                case '$' -> out.append("%24");
                case '\0' -> out.append("%00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

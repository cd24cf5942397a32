package dev.coffer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.error.BadRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of optional JSON members, refusing wrong types with a clear 400 instead of guessing. */
public final class Fields {

    private final String badCode;

    private Fields(String badCode) {
        this.badCode = badCode;
    }

    public static final Fields DATA = new Fields("BadParameter");
    public static final Fields ARM = new Fields("InvalidRequestContent");

    public ObjectNode object(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw bad(name, "an object");
        }
        return (ObjectNode) n;
    }

    public String string(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw bad(name, "a string");
        }
        return n.textValue();
    }

    public Boolean bool(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw bad(name, "true or false");
        }
        return n.booleanValue();
    }

    public Long integer(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw bad(name, "an integer");
        }
        return n.longValue();
    }

    public List<String> strings(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw bad(name, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw bad(name, "an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    public List<JsonNode> array(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw bad(name, "an array");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    /** A string-to-string map such as {@code tags}; null when absent. */
    public Map<String, String> stringMap(JsonNode parent, String name) {
        ObjectNode o = object(parent, name);
        if (o == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw bad(name, "an object of string values");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private BadRequest bad(String name, String expected) {
        return new BadRequest(badCode, "The member '" + name + "' must be " + expected + ".");
    }
}

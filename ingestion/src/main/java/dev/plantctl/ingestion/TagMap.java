package dev.plantctl.ingestion;

import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bindings of one plant's source addresses to tags, looked up by address. Immutable. */
public final class TagMap implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, TagBinding> byAddress;

    private TagMap(Map<String, TagBinding> byAddress) {
        this.byAddress = byAddress;
    }

    /**
     * A tag map of the given bindings.
     *
     * @throws IllegalArgumentException when two bindings share an address, or one unit has a tag twice
     */
    public static TagMap of(Collection<TagBinding> bindings) {
        Map<String, TagBinding> byAddress = new LinkedHashMap<>();
        Map<String, String> addressOfUnitTag = new LinkedHashMap<>();
        for (TagBinding b : bindings) {
            TagBinding previous = byAddress.putIfAbsent(b.address(), b);
            if (previous != null) {
                throw new IllegalArgumentException("address " + b.address() + " is bound twice: to "
                        + previous.unitId() + "/" + previous.tag() + " and " + b.unitId() + "/" + b.tag());
            }
            String other = addressOfUnitTag.putIfAbsent(b.unitId() + "/" + b.tag(), b.address());
            if (other != null) {
                throw new IllegalArgumentException("tag " + b.unitId() + "/" + b.tag() + " is bound to two addresses: "
                        + other + " and " + b.address());
            }
        }
        return new TagMap(Collections.unmodifiableMap(byAddress));
    }

    /** The binding of an address, if there is one. */
    public Optional<TagBinding> binding(String address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** All addresses, in the order they were bound. */
    public List<String> addresses() {
        return List.copyOf(byAddress.keySet());
    }

    /** All bindings of one unit, in the order they were bound. */
    public List<TagBinding> bindingsOf(String unitId) {
        return byAddress.values().stream().filter(b -> b.unitId().equals(unitId)).toList();
    }
}

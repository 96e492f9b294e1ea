package org.tpusim.topology;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The directed links a message crosses from {@code source} to {@code destination}, in order. A route to
 * the source itself has no links. The constructor checks that consecutive links join up.
 */
public record Route(int source, int destination, List<DirectedLink> links) {

    public Route {
        links = ImmutableList.copyOf(links);
        int at = source;
        for (int i = 0; i < links.size(); i++) {
            DirectedLink link = links.get(i);
            checkArgument(link.from() == at,
                    "route %s->%s: hop %s is link %s but the previous hop ended at chip %s",
                    source, destination, i, link, at);
            at = link.to();
        }
        checkArgument(at == destination,
                "route %s->%s ends at chip %s", source, destination, at);
    }

    /** Number of links crossed. */
    public int hops() {
        return links.size();
    }
}

package org.tpusim.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A directed graph of packages (an edge a -> b when a class of a refers to a class of b) and its cycles:
 * the strongly connected components with more than one package (Tarjan), each shown as one concrete cycle.
 */
final class PackageGraph {
    private final Map<String, Set<String>> edges = new TreeMap<>();
    /** For each edge, one class-level reference that makes it, for messages. */
    private final Map<String, String> witness = new HashMap<>();

    void addPackage(String p) {
        edges.computeIfAbsent(p, k -> new TreeSet<>());
    }

    /** An edge {@code from -> to}; {@code why} names a reference that makes it (kept only for the first). */
    void addEdge(String from, String to, String why) {
        if (from.equals(to)) {
            return;
        }
        addPackage(from);
        addPackage(to);
        if (edges.get(from).add(to)) {
            witness.put(from + " -> " + to, why);
        }
    }

    Set<String> packages() {
        return Collections.unmodifiableSet(edges.keySet());
    }

    Set<String> successors(String p) {
        return Collections.unmodifiableSet(edges.getOrDefault(p, Set.of()));
    }

    /** The strongly connected components of more than one package, each sorted, in a stable order. */
    List<Set<String>> tangles() {
        List<Set<String>> out = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        for (String p : edges.keySet()) {
            if (!index.containsKey(p)) {
                strongConnect(p, index, low, stack, onStack, out);
            }
        }
        out.sort((a, b) -> a.iterator().next().compareTo(b.iterator().next()));
        return out;
    }

    private void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : successors(v)) {
            if (!index.containsKey(w)) {
                strongConnect(w, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    /**
     * One cycle through the first package of {@code component}, as the list of packages visited, first
     * repeated at the end: the shortest way back (breadth first, staying inside the component).
     */
    List<String> cycleIn(Set<String> component) {
        String start = component.iterator().next();
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : successors(v)) {
                if (!component.contains(w)) {
                    continue;
                }
                if (w.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String u = v; u != null; u = parent.get(u)) {
                        path.add(0, u);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(w) && !w.equals(start)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in " + component);
    }

    /** Every cycle, one line per tangle: {@code a -> b (A uses B) -> a (B uses A)}; empty when acyclic. */
    List<String> describeCycles() {
        List<String> out = new ArrayList<>();
        for (Set<String> t : tangles()) {
            List<String> cycle = cycleIn(t);
            StringBuilder b = new StringBuilder(cycle.get(0));
            for (int i = 1; i < cycle.size(); i++) {
                String why = witness.get(cycle.get(i - 1) + " -> " + cycle.get(i));
                b.append(" -> ").append(cycle.get(i)).append(why == null ? "" : " (" + why + ")");
            }
            out.add(b + "   [" + t.size() + " packages tangled: " + String.join(", ", t) + "]");
        }
        return out;
    }
}

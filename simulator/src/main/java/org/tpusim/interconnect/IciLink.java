package org.tpusim.interconnect;

import java.util.ArrayList;
import java.util.List;
import org.tpusim.topology.DirectedLink;

/**
 * One direction of one inter-chip link, as a first-come-first-served server. A chunk whose head reaches
 * the link at time t starts serialising at {@code max(t, freeAt)} and occupies the link for
 * {@code bytes / bandwidth}. Counters accumulate the bytes carried and the busy time for utilisation.
 */
public final class IciLink {
    private final DirectedLink link;
    private final double bytesPerNs;
    private double freeAtNs;
    private long bytesCarried;
    private long chunksCarried;
    private double busyNs;
    private double queueingNs;
    /**
     * Class resources of {@link NetworkModel#SYMMETRIC} runs that stand for this link: by symmetry the link carried
     * what each of them carried, so they add to its counters.
     */
    private final List<IciLink> stands = new ArrayList<>(0);

    IciLink(DirectedLink link, double bandwidthBytesPerSec) {
        this.link = link;
        this.bytesPerNs = bandwidthBytesPerSec / 1e9;
    }

    public DirectedLink link() {
        return link;
    }

    /** Serialisation time of {@code bytes} on this link, in ns. */
    public double serialisationNs(long bytes) {
        return bytes / bytesPerNs;
    }

    /**
     * Reserves the link for a chunk whose head arrives at {@code headArrivalNs}; the chunk cannot finish
     * before {@code earliestFinishNs} (its tail is still arriving from upstream). Returns the start time.
     * The caller reads the finish time from {@link #freeAtNs()}.
     */
    double reserve(double headArrivalNs, long bytes, double earliestFinishNs) {
        double start = Math.max(headArrivalNs, freeAtNs);
        double finish = Math.max(start + serialisationNs(bytes), earliestFinishNs);
        queueingNs += start - headArrivalNs;
        busyNs += finish - start;
        freeAtNs = finish;
        bytesCarried += bytes;
        chunksCarried++;
        return start;
    }

    /**
     * Counts a message that a flow-level model moved over this link without reserving it: {@code chunks} chunks of
     * {@code bytes} in all, busy for their serialisation time.
     */
    void carry(long bytes, long chunks) {
        busyNs += serialisationNs(bytes);
        bytesCarried += bytes;
        chunksCarried += chunks;
    }

    /** Time at which the link finishes its last reserved chunk. */
    public double freeAtNs() {
        return freeAtNs;
    }

    void addRepresentative(IciLink classLink) {
        stands.add(classLink);
    }

    public long bytesCarried() {
        long sum = bytesCarried;
        for (IciLink c : stands) {
            sum += c.bytesCarried;
        }
        return sum;
    }

    public long chunksCarried() {
        long sum = chunksCarried;
        for (IciLink c : stands) {
            sum += c.chunksCarried;
        }
        return sum;
    }

    /** Total time the link spent serialising chunks, ns. */
    public double busyNs() {
        double sum = busyNs;
        for (IciLink c : stands) {
            sum += c.busyNs;
        }
        return sum;
    }

    /** Total time chunks waited for this link to become free, ns. */
    public double queueingNs() {
        double sum = queueingNs;
        for (IciLink c : stands) {
            sum += c.queueingNs;
        }
        return sum;
    }
}

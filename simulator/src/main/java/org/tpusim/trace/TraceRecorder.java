package org.tpusim.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tpusim.topology.Axis;
import org.tpusim.topology.DirectedLink;
import org.tpusim.topology.Direction;
import org.tpusim.topology.Slice;

/**
 * Records what the selected chips did during the selected passes: compute ops on the core, collectives, and the
 * time each outgoing link direction spent sending. The model calls it only when one is attached (the hooks are a
 * null check otherwise), on the simulation's thread; it is not thread-safe.
 *
 * <p>Units of a chip (threads of its trace process): {@link #CORE}, {@link #COLLECTIVES}, and one per outgoing
 * link direction ({@link #linkUnit}). Back-to-back chunks on one link are merged into one busy interval, so a
 * long message is one event per link, not one per chunk. Beyond {@link TraceSelection#maxEvents()} events are
 * counted as dropped, never stored.
 */
public final class TraceRecorder {
    /** Unit of the chip's compute core. */
    public static final int CORE = 0;
    /** Unit of the collectives the chip takes part in (time in flight). */
    public static final int COLLECTIVES = 1;
    /** Units 2..7: outgoing link directions +x, -x, +y, -y, +z, -z. */
    private static final int FIRST_LINK_UNIT = 2;

    /** One recorded interval, ns of simulated time. {@code bytes} is 0 except for link events. */
    public record Event(int chip, int unit, String name, String category, double startNs, double endNs, long bytes) {
    }

    /** One pass of a batch run (the run's own lane), ns. */
    public record Pass(String name, double startNs, double endNs) {
    }

    /**
     * One interval of a serving trace, ns: a pass of the slice ({@code request} -1) or a phase of one request
     * (queued, prefill, decode).
     */
    public record ServingSpan(int request, String name, String category, double startNs, double endNs) {
    }

    private final TraceSelection selection;
    private final Slice slice;
    private final String runName;
    private final List<Event> events = new ArrayList<>();
    private final List<Pass> passes = new ArrayList<>();
    private final List<ServingSpan> serving = new ArrayList<>();
    private final Map<String, String> interned = new HashMap<>();
    /** Per link id: index in {@link #events} of its last busy interval, or -1. */
    private final int[] lastLinkEvent;
    private boolean representativeCore;
    private boolean active = true;
    private String passName;
    private double passStartNs;
    private int passFirstEvent;
    /** What the replay of representative layers added before now: engine time + this = the trace's time, ns. */
    private double offsetNs;
    private boolean replayed;
    private long dropped;

    public TraceRecorder(TraceSelection selection, Slice slice, String runName) {
        this.selection = selection;
        this.slice = slice;
        this.runName = runName;
        this.lastLinkEvent = new int[slice.linkCount()];
        Arrays.fill(lastLinkEvent, -1);
    }

    public TraceSelection selection() {
        return selection;
    }

    public Slice slice() {
        return slice;
    }

    public String runName() {
        return runName;
    }

    /** A batch pass begins now; recording is on while it runs if the selection includes it. */
    public void beginPass(String phase, long step, double nowNs) {
        active = selection.recordsPass(phase, step);
        passName = phase.equals("prefill") ? "prefill" : phase + " step " + step;
        passStartNs = nowNs;
        passFirstEvent = events.size();
        Arrays.fill(lastLinkEvent, -1);
    }

    /** The pass begun last ends now; recording is off until the next one begins. */
    public void endPass(double nowNs) {
        endPass(nowNs, nowNs, nowNs, 1);
    }

    /**
     * The pass begun last ends now, and it simulated one representative layer (from {@code layerStartNs} to
     * {@code layerEndNs}) that stands for {@code layers} layers (fast detail): the layer's events are replayed as
     * each of the layers, back to back, and what followed the layer, and every later pass, moves later by the
     * replayed layers' time, so the trace's pass times are the ones the run reports. With {@code layers} 1 nothing
     * is replayed.
     */
    public void endPass(double nowNs, double layerStartNs, double layerEndNs, int layers) {
        double layerNs = layerEndNs - layerStartNs;
        double added = layers > 1 ? (layers - 1) * layerNs : 0;
        if (active && passName != null) {
            int end = events.size();
            for (int i = passFirstEvent; i < end; i++) {
                Event e = events.get(i);
                boolean inLayer = e.startNs() >= layerStartNs && e.startNs() < layerEndNs;
                double shift = offsetNs + (e.startNs() >= layerEndNs ? added : 0);
                events.set(i, shifted(e, shift));
                if (inLayer && layers > 1) {
                    for (int k = 1; k < layers; k++) {
                        add(shifted(e, offsetNs + k * layerNs));
                    }
                    replayed = true;
                }
            }
            passes.add(new Pass(passName, passStartNs + offsetNs, nowNs + offsetNs + added));
        }
        offsetNs += added;
        active = false;
        passName = null;
    }

    /** A pass of the slice serving a request stream ran from start to end (counted against the event cap). */
    public void servingPass(String name, double startNs, double endNs) {
        addServing(new ServingSpan(-1, intern(name), "pass", startNs, endNs));
    }

    /** Request {@code id} was in phase {@code name} (queued, prefill, decode) from start to end. */
    public void requestPhase(int id, String name, double startNs, double endNs) {
        if (endNs > startNs) {
            addServing(new ServingSpan(id, intern(name), "request", startNs, endNs));
        }
    }

    private void addServing(ServingSpan span) {
        if (events.size() + serving.size() >= selection.maxEvents()) {
            dropped++;
            return;
        }
        serving.add(span);
    }

    /** The spans of a serving trace (empty for other workloads). */
    public List<ServingSpan> serving() {
        return List.copyOf(serving);
    }

    /** Events and spans kept. */
    public int size() {
        return events.size() + serving.size();
    }

    /** Whether representative layers were replayed as every layer (a fast-detail run). */
    public boolean replayedLayers() {
        return replayed;
    }

    private static Event shifted(Event e, double shiftNs) {
        return shiftNs == 0 ? e : new Event(e.chip(), e.unit(), e.name(), e.category(), e.startNs() + shiftNs,
                e.endNs() + shiftNs, e.bytes());
    }

    /** Whether events are being recorded now (outside a selected pass they are ignored). */
    public boolean active() {
        return active;
    }

    /**
     * A compute op ran on {@code chip}'s core. {@code chip} -1 means the representative core of a fast-detail
     * run, which stands for every chip: the op is recorded on every selected chip.
     */
    public void compute(int chip, String name, String category, double startNs, double endNs) {
        if (!active) {
            return;
        }
        if (chip >= 0) {
            if (selection.recordsChip(chip)) {
                add(new Event(chip, CORE, intern(name), intern(category), startNs, endNs, 0));
            }
            return;
        }
        representativeCore = true;
        for (int c = selection.chips().nextSetBit(0); c >= 0 && c < slice.chipCount();
             c = selection.chips().nextSetBit(c + 1)) {
            add(new Event(c, CORE, intern(name), intern(category), startNs, endNs, 0));
        }
    }

    /** A collective, run by every chip of the slice, was in flight from start to end. */
    public void collective(String name, String category, double startNs, double endNs) {
        if (!active) {
            return;
        }
        for (int c = selection.chips().nextSetBit(0); c >= 0 && c < slice.chipCount();
             c = selection.chips().nextSetBit(c + 1)) {
            add(new Event(c, COLLECTIVES, intern(name), intern(category), startNs, endNs, 0));
        }
    }

    /** A link direction sent {@code bytes} from start to end (one chunk, one hop). */
    public void linkBusy(DirectedLink link, double startNs, double endNs, long bytes) {
        if (!active || !selection.recordsChip(link.from())) {
            return;
        }
        int last = lastLinkEvent[link.id()];
        if (last >= 0) {
            Event e = events.get(last);
            if (startNs <= e.endNs()) {
                events.set(last, new Event(e.chip(), e.unit(), e.name(), e.category(), e.startNs(),
                        Math.max(endNs, e.endNs()), e.bytes() + bytes));
                return;
            }
        }
        if (add(new Event(link.from(), linkUnit(link.axis(), link.direction()), "send", "link", startNs, endNs,
                bytes))) {
            lastLinkEvent[link.id()] = events.size() - 1;
        }
    }

    /** The unit of a chip's outgoing link along {@code axis} in {@code direction}. */
    public static int linkUnit(Axis axis, Direction direction) {
        return FIRST_LINK_UNIT + 2 * axis.index() + (direction == Direction.PLUS ? 0 : 1);
    }

    /** The name of a unit, as shown in a trace viewer. */
    public String unitName(int unit) {
        if (unit == CORE) {
            return representativeCore ? "core (representative: all chips run the same ops)" : "core";
        }
        if (unit == COLLECTIVES) {
            return "collectives";
        }
        int k = unit - FIRST_LINK_UNIT;
        return "link " + (k % 2 == 0 ? "+" : "-") + Axis.values()[k / 2].letter();
    }

    private boolean add(Event e) {
        if (events.size() + serving.size() >= selection.maxEvents()) {
            dropped++;
            return false;
        }
        events.add(e);
        return true;
    }

    private String intern(String s) {
        return interned.computeIfAbsent(s, k -> k);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Pass> passes() {
        return List.copyOf(passes);
    }

    /** Events not kept because the cap was reached. */
    public long dropped() {
        return dropped;
    }
}

package org.tpusim.engine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import nl.tudelft.simulation.dsol.eventlists.EventListInterface;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;

/**
 * DSOL's event list as an array-backed 4-ary min-heap (half the depth of a binary heap, children adjacent in memory) whose keys sit in primitive arrays beside the events:
 * time, then priority (higher first, as in DSOL), then insertion order. Comparisons therefore touch
 * contiguous doubles and longs, never a boxed Double or the event object.
 *
 * <p>Why: DSOL's default list is a red-black tree whose comparisons unbox the event times; with the hundreds of
 * thousands of pending events of a large all-to-all it spent most of the run in {@code compareTo}, and a heap of
 * event references spent it in cache misses. The execution order is DSOL's: time, priority, then scheduling
 * order (DSOL's event ids also grow in scheduling order within a run), so equal-time events run FIFO.
 */
final class HeapEventList implements EventListInterface<Double> {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_CAPACITY = 1024;

    private SimEventInterface<Double>[] events;
    /**
     * Two longs per entry, side by side so that the four children of a node share cache lines: the bits of the
     * (non-negative) time, whose long order equals the double order, then (MAX_PRIORITY - priority) in the top
     * bits and the insertion number below. Smaller runs first.
     */
    private long[] keys;
    private int size;
    private long insertions;

    @SuppressWarnings("unchecked")
    HeapEventList() {
        events = new SimEventInterface[INITIAL_CAPACITY];
        keys = new long[2 * INITIAL_CAPACITY];
    }

    private boolean before(int i, long t, long o) {
        long ti = keys[2 * i];
        return ti < t || (ti == t && keys[2 * i + 1] < o);
    }

    private void set(int i, SimEventInterface<Double> e, long t, long o) {
        events[i] = e;
        keys[2 * i] = t;
        keys[2 * i + 1] = o;
    }

    private void move(int to, int from) {
        events[to] = events[from];
        keys[2 * to] = keys[2 * from];
        keys[2 * to + 1] = keys[2 * from + 1];
    }

    @Override
    public void add(SimEventInterface<Double> event) {
        if (size == events.length) {
            int n = size * 2;
            events = Arrays.copyOf(events, n);
            keys = Arrays.copyOf(keys, 2 * n);
        }
        double time = event instanceof DsolRun.HandlerEvent h ? h.timeNs : event.getAbsoluteExecutionTime();
        // times are >= 0 (checked by DsolRun.at; DSOL's own events too): their bit patterns order as the values
        long t = Double.doubleToRawLongBits(time + 0.0);
        long o = ((long) (SimEventInterface.MAX_PRIORITY - event.getPriority()) << 48) | insertions++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (before(parent, t, o)) {
                break;
            }
            move(i, parent);
            i = parent;
        }
        set(i, event, t, o);
    }

    @Override
    public SimEventInterface<Double> first() {
        return size == 0 ? null : events[0];
    }

    @Override
    public SimEventInterface<Double> removeFirst() {
        if (size == 0) {
            throw new NoSuchElementException("event list is empty");
        }
        SimEventInterface<Double> top = events[0];
        removeAt(0);
        return top;
    }

    private void removeAt(int index) {
        int last = --size;
        SimEventInterface<Double> e = events[last];
        long t = keys[2 * last];
        long o = keys[2 * last + 1];
        events[last] = null;
        if (index == last) {
            return;
        }
        int i = index;
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) {
                break;
            }
            int child = first;
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                if (before(c, keys[2 * child], keys[2 * child + 1])) {
                    child = c;
                }
            }
            if (!before(child, t, o)) {
                break;
            }
            move(i, child);
            i = child;
        }
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (before(parent, t, o) || (keys[2 * parent] == t && keys[2 * parent + 1] == o)) {
                break;
            }
            move(i, parent);
            i = parent;
        }
        set(i, e, t, o);
    }

    @Override
    public boolean contains(SimEventInterface<Double> event) {
        return indexOf(event) >= 0;
    }

    private int indexOf(SimEventInterface<Double> event) {
        for (int i = 0; i < size; i++) {
            if (events[i] == event) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean remove(SimEventInterface<Double> event) {
        int i = indexOf(event);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    @Override
    public void clear() {
        Arrays.fill(events, 0, size, null);
        size = 0;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    /** Iterates in heap order, not time order (DSOL uses this only for inspection). */
    @Override
    public Iterator<SimEventInterface<Double>> iterator() {
        return Arrays.asList(Arrays.copyOf(events, size)).iterator();
    }
}

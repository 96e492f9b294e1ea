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
    private double[] times;
    /** (MAX_PRIORITY - priority) in the top bits, insertion number below: smaller runs first. */
    private long[] order;
    private int size;
    private long insertions;

    @SuppressWarnings("unchecked")
    HeapEventList() {
        events = new SimEventInterface[INITIAL_CAPACITY];
        times = new double[INITIAL_CAPACITY];
        order = new long[INITIAL_CAPACITY];
    }

    private boolean before(int i, double t, long o) {
        return times[i] < t || (times[i] == t && order[i] < o);
    }

    private void set(int i, SimEventInterface<Double> e, double t, long o) {
        events[i] = e;
        times[i] = t;
        order[i] = o;
    }

    @Override
    public void add(SimEventInterface<Double> event) {
        if (size == events.length) {
            int n = size * 2;
            events = Arrays.copyOf(events, n);
            times = Arrays.copyOf(times, n);
            order = Arrays.copyOf(order, n);
        }
        double t = event instanceof DsolRun.HandlerEvent h ? h.timeNs : event.getAbsoluteExecutionTime();
        long o = ((long) (SimEventInterface.MAX_PRIORITY - event.getPriority()) << 48) | insertions++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (times[parent] < t || (times[parent] == t && order[parent] < o)) {
                break;
            }
            set(i, events[parent], times[parent], order[parent]);
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
        double t = times[last];
        long o = order[last];
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
                if (before(c, times[child], order[child])) {
                    child = c;
                }
            }
            if (!before(child, t, o)) {
                break;
            }
            set(i, events[child], times[child], order[child]);
            i = child;
        }
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (!(t < times[parent] || (t == times[parent] && o < order[parent]))) {
                break;
            }
            set(i, events[parent], times[parent], order[parent]);
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

package io.gonogo.runners.memory.internal;

import com.sun.tools.attach.VirtualMachine;
import io.gonogo.runners.memory.Gauge;
import io.gonogo.runners.memory.Sample;
import io.gonogo.runners.memory.Sampler;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Samples a local JVM through JMX, reached with the Attach API ({@code
 * VirtualMachine.attach(pid).startLocalManagementAgent()}, a loopback-only agent), plus {@code
 * /proc/<pid>} for RSS (and descriptors when the JVM's own count is unavailable).
 *
 * <p>Live heap: with a forced GC, heap used right after {@code MemoryMXBean.gc()} (heap used is
 * read just before it); without, the old generation's usage after its last collection ({@code
 * MemoryPoolMXBean.getCollectionUsage()}), or its current usage when it has not been collected yet.
 * GC pause is the summed {@code CollectionTime} of the collectors that pause (G1's and ZGC's
 * concurrent-cycle beans are left out). Allocation is the sum of {@code
 * com.sun.management.ThreadMXBean.getThreadAllocatedBytes} over the live threads.
 */
public final class JmxSampler implements Sampler {
    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection mbs;
    private final MemoryMXBean memory;
    private final ThreadMXBean threads;
    private final List<MemoryPoolMXBean> oldPools = new ArrayList<>();
    private final List<GarbageCollectorMXBean> collectors = new ArrayList<>();
    private final BufferPoolMXBean direct;
    private final ProcFiles proc;
    private final ObjectName os;
    private boolean osFds = true;

    /** Attaches to {@code pid} and connects to its local management agent. */
    public JmxSampler(long pid) throws IOException {
        this.pid = pid;
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (Exception | LinkageError e) {
            throw new IOException(
                    "cannot attach to process "
                            + pid
                            + " ("
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage()
                            + ")",
                    e);
        }
        this.connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        try {
            this.mbs = connector.getMBeanServerConnection();
            this.memory =
                    ManagementFactory.newPlatformMXBeanProxy(
                            mbs, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            this.threads =
                    ManagementFactory.newPlatformMXBeanProxy(
                            mbs,
                            ManagementFactory.THREAD_MXBEAN_NAME,
                            com.sun.management.ThreadMXBean.class);
            for (MemoryPoolMXBean p :
                    ManagementFactory.getPlatformMXBeans(mbs, MemoryPoolMXBean.class)) {
                String n = p.getName();
                if (p.getType() == MemoryType.HEAP
                        && (n.contains("Old")
                                || n.contains("Tenured")
                                || n.equals("ZHeap")
                                || n.contains("ZGC Old")
                                || n.equals("Shenandoah"))) {
                    oldPools.add(p);
                }
            }
            for (GarbageCollectorMXBean gc :
                    ManagementFactory.getPlatformMXBeans(mbs, GarbageCollectorMXBean.class)) {
                String n = gc.getName();
                if (!n.contains("Concurrent") && !n.contains("Cycles")) {
                    collectors.add(gc);
                }
            }
            BufferPoolMXBean d = null;
            for (BufferPoolMXBean b :
                    ManagementFactory.getPlatformMXBeans(mbs, BufferPoolMXBean.class)) {
                if (b.getName().equals("direct")) {
                    d = b;
                }
            }
            this.direct = d;
            this.os = new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
        } catch (IOException | RuntimeException | javax.management.MalformedObjectNameException e) {
            connector.close();
            throw new IOException(
                    "cannot read the JMX beans of process " + pid + ": " + e.getMessage(), e);
        }
        this.proc = new ProcFiles(pid);
    }

    /** The connection to the service's MBean server (for the DiagnosticCommand MBean). */
    public MBeanServerConnection connection() {
        return mbs;
    }

    @Override
    public String source() {
        return "jmx";
    }

    @Override
    public Sample sample(boolean forceGc) throws IOException {
        Map<Gauge, Double> v = new EnumMap<>(Gauge.class);
        long at = System.currentTimeMillis();
        try {
            v.put(Gauge.HEAP_USED, (double) memory.getHeapMemoryUsage().getUsed());
            if (forceGc) {
                memory.gc();
                v.put(Gauge.HEAP_LIVE, (double) memory.getHeapMemoryUsage().getUsed());
            } else {
                long live = 0;
                for (MemoryPoolMXBean p : oldPools) {
                    MemoryUsage u = p.getCollectionUsage();
                    live += u != null && u.getUsed() > 0 ? u.getUsed() : p.getUsage().getUsed();
                }
                if (!oldPools.isEmpty()) {
                    v.put(Gauge.HEAP_LIVE, (double) live);
                }
            }
            v.put(Gauge.THREADS, (double) threads.getThreadCount());
            v.put(Gauge.THREADS_PEAK, (double) threads.getPeakThreadCount());
            v.put(Gauge.THREADS_STARTED, (double) threads.getTotalStartedThreadCount());
            if (threads instanceof com.sun.management.ThreadMXBean precise) {
                long sum = 0;
                for (long a : precise.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                    sum += Math.max(0, a);
                }
                v.put(Gauge.ALLOCATED, (double) sum);
            }
            if (direct != null) {
                v.put(Gauge.DIRECT_MEMORY, (double) direct.getMemoryUsed());
            }
            long count = 0;
            long time = 0;
            for (GarbageCollectorMXBean gc : collectors) {
                count += Math.max(0, gc.getCollectionCount());
                time += Math.max(0, gc.getCollectionTime());
            }
            v.put(Gauge.GC_COUNT, (double) count);
            v.put(Gauge.GC_PAUSE, (double) time);
            if (osFds) {
                try {
                    Object fds = mbs.getAttribute(os, "OpenFileDescriptorCount");
                    v.put(Gauge.OPEN_FDS, ((Number) fds).doubleValue());
                } catch (javax.management.AttributeNotFoundException e) {
                    osFds = false;
                }
            }
        } catch (javax.management.JMException e) {
            throw new IOException("JMX read of process " + pid + " failed: " + e.getMessage(), e);
        } catch (java.lang.reflect.UndeclaredThrowableException e) {
            throw new IOException(
                    "process " + pid + " cannot be read over JMX any more: " + e.getCause(), e);
        }
        if (proc.available()) {
            OptionalDouble rss = proc.status("VmRSS");
            rss.ifPresent(x -> v.put(Gauge.RSS, x));
            if (!v.containsKey(Gauge.OPEN_FDS)) {
                proc.fdCount().ifPresent(x -> v.put(Gauge.OPEN_FDS, x));
            }
        }
        return new Sample(at, v);
    }

    @Override
    public Map<Gauge, String> missing() {
        Map<Gauge, String> m = new EnumMap<>(Gauge.class);
        if (direct == null) {
            m.put(Gauge.DIRECT_MEMORY, "the JVM has no 'direct' buffer pool bean");
        }
        if (!proc.available()) {
            m.put(Gauge.RSS, "/proc/" + pid + "/status is not readable (not Linux?)");
        }
        return m;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the service may be gone already; nothing to release then
        }
    }
}

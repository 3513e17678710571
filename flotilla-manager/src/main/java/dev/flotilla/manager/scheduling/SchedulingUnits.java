package dev.flotilla.manager.scheduling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of every scheduling unit by name: what policies may list and the API shows. */
public final class SchedulingUnits {

    /** One unit as the API lists it; {@code type} is {@code filter}, {@code score} or {@code balance}. */
    public record Unit(String name, String type, String description) {
    }

    private static final Map<String, HostFilter> FILTERS = index(List.of(new HostStatusFilter(), new MigrationFilter(), new StorageReachFilter(),
            new MemoryFilter(), new CpuFilter(), new CpuModelFilter(), new PinToHostFilter(), new VmAffinityFilter(),
            new VmToHostAffinityFilter()), HostFilter::name);

    private static final Map<String, HostScorer> SCORERS = index(List.of(new EvenDistributionCpuScorer(),
            new EvenDistributionMemoryScorer(), new PowerSavingCpuScorer(), new PowerSavingMemoryScorer(),
            new EvenGuestDistributionScorer(), new VmAffinityScorer(), new PreferredHostsScorer()), HostScorer::name);

    private static final Map<String, HostBalancer> BALANCERS = index(List.of(new EvenDistributionBalancer(),
            new PowerSavingBalancer(), new EvenGuestDistributionBalancer()), HostBalancer::name);

    private SchedulingUnits() {
    }

    public static Optional<HostFilter> filter(String name) {
        return Optional.ofNullable(FILTERS.get(name));
    }

    public static Optional<HostScorer> scorer(String name) {
        return Optional.ofNullable(SCORERS.get(name));
    }

    public static Optional<HostBalancer> balancer(String name) {
        return Optional.ofNullable(name == null ? null : BALANCERS.get(name));
    }

    public static List<Unit> all() {
        List<Unit> out = new java.util.ArrayList<>();
        FILTERS.values().forEach(f -> out.add(new Unit(f.name(), "filter", f.description())));
        SCORERS.values().forEach(s -> out.add(new Unit(s.name(), "score", s.description())));
        BALANCERS.values().forEach(b -> out.add(new Unit(b.name(), "balance", b.description())));
        return out;
    }

    private static <T> Map<String, T> index(List<T> units, java.util.function.Function<T, String> name) {
        Map<String, T> m = new LinkedHashMap<>();
        units.forEach(u -> m.put(name.apply(u), u));
        return java.util.Collections.unmodifiableMap(m);
    }
}

package dev.cdcsync.it.fault;

/** The fault suite with a PostgreSQL source and a real Cassandra target (restarted in place; see {@link CassandraFaultTarget}). */
class PostgresToCassandraFaultInjectionIT extends PostgresFaultInjectionIT {

    @Override
    protected FaultTarget target() throws Exception {
        return new CassandraFaultTarget();
    }

    @Override
    protected java.util.List<Fault> plan() {
        return TARGET_FAULTS;
    }
}

package dev.cdcsync.it.fault;

/** The fault suite with a MariaDB source and a real Cassandra target: binlog stamps across kills and replays. */
class MariaDbToCassandraFaultInjectionIT extends MariaDbFaultInjectionIT {

    @Override
    protected FaultTarget target() throws Exception {
        return new CassandraFaultTarget();
    }

    @Override
    protected java.util.List<Fault> plan() {
        return TARGET_FAULTS;
    }
}

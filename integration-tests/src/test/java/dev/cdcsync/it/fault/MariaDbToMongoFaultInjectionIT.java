package dev.cdcsync.it.fault;

/** The fault suite with a MariaDB source and a MongoDB target (the stand-in; see {@link MongoFaultTarget}). */
class MariaDbToMongoFaultInjectionIT extends MariaDbFaultInjectionIT {

    @Override
    protected FaultTarget target() throws Exception {
        return new MongoFaultTarget();
    }

    @Override
    protected java.util.List<Fault> plan() {
        return TARGET_FAULTS;
    }
}

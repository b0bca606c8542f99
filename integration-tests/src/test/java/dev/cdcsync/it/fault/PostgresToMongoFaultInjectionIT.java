package dev.cdcsync.it.fault;

/** The fault suite with a PostgreSQL source and a MongoDB target (the stand-in; see {@link MongoFaultTarget}). */
class PostgresToMongoFaultInjectionIT extends PostgresFaultInjectionIT {

    @Override
    protected FaultTarget target() throws Exception {
        return new MongoFaultTarget();
    }

    @Override
    protected java.util.List<Fault> plan() {
        return TARGET_FAULTS;
    }
}

package dev.cdcsync.connector.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import org.junit.jupiter.api.Test;

class MongoLoginTest {

    @Test
    void aRefusedLoginIsToldFromAServerThatDoesNotAnswer() {
        MongoCredential cdc = MongoCredential.createCredential("cdc", "admin", "wrong".toCharArray());
        assertThat(MongoWriter.loginRefused(new MongoSecurityException(cdc, "Exception authenticating"))).isTrue();
        assertThat(MongoWriter.loginRefused(new MongoTimeoutException("Timed out while waiting for a server ... servers=[{address"
                + "=db:27017, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSecurityException: Exception"
                + " authenticating MongoCredential{mechanism=SCRAM-SHA-256, userName='cdc'}}]"))).isTrue();
        assertThat(MongoWriter.loginRefused(new MongoTimeoutException("Timed out while waiting for a server ... servers=[{"
                + "address=db:27017, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSocketOpenException:"
                + " Exception opening socket}}]"))).isFalse();
    }
}

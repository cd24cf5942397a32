package dev.coffer.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;

/**
 * Stands in for a PKCS#11 provider in unit tests: it answers the transformations Coffer asks a token for by
 * handing out the JDK's own implementations, so the token code paths (raw RSA under BC's PSS and OAEP, AES
 * through the provider, key wrap over single AES blocks) run without an HSM.
 */
final class DelegatingTokenProvider extends Provider {

    DelegatingTokenProvider() {
        super("TestToken", "1.0", "delegates to the JDK providers");
    }

    @Override
    public synchronized Service getService(String type, String algorithm) {
        for (Provider p : Security.getProviders()) {
            Service s = p.getService(type, algorithm);
            if (s != null) {
                return new Delegate(this, s);
            }
        }
        return null;
    }

    private static final class Delegate extends Service {
        private final Service target;

        Delegate(Provider owner, Service target) {
            super(owner, target.getType(), target.getAlgorithm(), target.getClassName(), null, null);
            this.target = target;
        }

        @Override
        public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
            return target.newInstance(parameter);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return target.supportsParameter(parameter);
        }
    }
}

package nl.certflow.system;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The Cockpit / engine-REST operator ({@code camunda.bpm.admin-user.*}). A configured password wins at every start:
 * the stored one is replaced when it differs (the starter only sets it when it creates the user). With none
 * configured, the account is created once with a random password, printed that once, and kept at later starts, so no
 * fixed default password ever works. Every start also lifts a login lock left on the account.
 */
@Component
class OperatorAccount implements BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAccount.class);
    // Nodes starting at once each update the row; a node that lost the race reads it again.
    private static final int MAX_TRIES = 10;

    private String userId;
    private String password;
    private boolean generated;

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof CamundaBpmProperties properties
                && properties.getAdminUser() != null
                && properties.getAdminUser().getId() != null) {
            userId = properties.getAdminUser().getId();
            password = properties.getAdminUser().getPassword();
            if (password == null || password.isBlank() || password.equals(userId)) {
                // Used only if the account does not exist yet (the starter creates it with this password).
                byte[] secret = new byte[12];
                new SecureRandom().nextBytes(secret);
                password = HexFormat.of().formatHex(secret);
                generated = true;
                properties.getAdminUser().setPassword(password);
            }
        }
        return bean;
    }

    @EventListener(ApplicationReadyEvent.class)
    void alignStoredPassword(ApplicationReadyEvent event) {
        if (userId == null) {
            return;
        }
        ProcessEngine engine = event.getApplicationContext().getBean(ProcessEngine.class);
        for (int attempt = 1; ; attempt++) {
            try {
                align(engine);
                return;
            } catch (OptimisticLockingException e) {
                if (attempt == MAX_TRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * Compares the password with the stored hash itself: {@link IdentityService#checkPassword} counts a mismatch as
     * a failed login and updates the row, so saving the user read before it failed (ENGINE-03005).
     */
    private void align(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        UserEntity user = (UserEntity) identity.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            return;
        }
        boolean matches = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getPasswordManager()
                .check(EncryptionUtil.saltPassword(password, user.getSalt()), user.getPassword());
        if (generated) {
            if (matches) {
                LOG.warn(
                        "camunda.bpm.admin-user.password not set: created the Cockpit / engine-REST operator account "
                                + "{} / {} (printed only now). Set CAMUNDA_BPM_ADMINUSER_PASSWORD for anything but a local "
                                + "trial.",
                        userId,
                        password);
            } else {
                LOG.warn(
                        "camunda.bpm.admin-user.password not set: the operator account {} keeps the password generated "
                                + "and printed at its first start. To choose one, start with CAMUNDA_BPM_ADMINUSER_PASSWORD set.",
                        userId);
            }
        } else if (!matches) {
            user.setPassword(password);
            identity.saveUser(user);
            LOG.info("Operator account {}: stored password replaced by the configured one", userId);
        }
        if (user.getAttempts() > 0 || user.getLockExpirationTime() != null) {
            identity.unlockUser(userId);
        }
    }
}

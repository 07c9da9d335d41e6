package nl.certflow.system;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The Cockpit / engine-REST operator ({@code camunda.bpm.admin-user.*}). Its password comes from the environment;
 * when none is set, a random one is generated and printed once, so no fixed default password ever works. The
 * stored password is brought in line at every start (the starter only sets it when it creates the user).
 */
@Component
class OperatorAccount implements BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAccount.class);

    private String userId;
    private String password;

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof CamundaBpmProperties properties && properties.getAdminUser() != null
                && properties.getAdminUser().getId() != null) {
            userId = properties.getAdminUser().getId();
            password = properties.getAdminUser().getPassword();
            if (password == null || password.isBlank() || password.equals(userId)) {
                byte[] secret = new byte[12];
                new SecureRandom().nextBytes(secret);
                password = HexFormat.of().formatHex(secret);
                properties.getAdminUser().setPassword(password);
                LOG.warn("camunda.bpm.admin-user.password not set: generated the Cockpit / engine-REST operator account "
                        + "{} / {}. Set CAMUNDA_BPM_ADMINUSER_PASSWORD for anything but a local trial.", userId, password);
            }
        }
        return bean;
    }

    @EventListener(ApplicationReadyEvent.class)
    void alignStoredPassword(ApplicationReadyEvent event) {
        if (userId == null) {
            return;
        }
        IdentityService identity = event.getApplicationContext().getBean(IdentityService.class);
        User user = identity.createUserQuery().userId(userId).singleResult();
        if (user != null && !identity.checkPassword(userId, password)) {
            user.setPassword(password);
            identity.saveUser(user);
        }
    }
}

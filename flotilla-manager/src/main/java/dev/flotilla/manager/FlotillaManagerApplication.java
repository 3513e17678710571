package dev.flotilla.manager;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Flotilla manager: control plane of the fleet. It never runs VMs itself. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FlotillaManagerApplication {

    /** One clock for every timer and timestamp, so tests can move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(FlotillaManagerApplication.class, args);
    }
}

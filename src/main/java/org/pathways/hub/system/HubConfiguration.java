package org.pathways.hub.system;

import java.time.Clock;
import org.pathways.hub.parse.ArchiveLimits;
import org.pathways.hub.pipeline.PipelineSettings;
import org.pathways.hub.profile.ProfileCatalog;
import org.pathways.hub.receive.SftpProperties;
import org.pathways.hub.validate.ReferenceCodes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java parts of the hub, made into beans. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({HubProperties.class, SftpProperties.class})
public class HubConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ProfileCatalog profileCatalog() {
    return new ProfileCatalog();
  }

  @Bean
  ReferenceCodes referenceCodes() {
    return ReferenceCodes.texasFromClasspath();
  }

  @Bean
  PipelineSettings pipelineSettings(HubProperties props) {
    ArchiveLimits d = ArchiveLimits.DEFAULT;
    return new PipelineSettings(
        props.maxRecordKb() * 1024,
        new ArchiveLimits(
            d.maxEntries(), props.maxFileMb() << 20, d.maxRatio(), d.ratioFloorBytes()),
        PipelineSettings.DEFAULT.issuesKept(),
        PipelineSettings.DEFAULT.issuesKeptPerCode());
  }
}

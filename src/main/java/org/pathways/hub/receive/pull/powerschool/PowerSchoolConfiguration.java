package org.pathways.hub.receive.pull.powerschool;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the PowerSchool pull's settings ({@code powerschool.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PowerSchoolProperties.class)
class PowerSchoolConfiguration {}

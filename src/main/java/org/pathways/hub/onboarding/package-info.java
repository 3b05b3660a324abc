/**
 * Onboarding a district: its integration settings (transfer method, nightly deadline, the kick-off
 * and training dates) and the two-week onboarding timeline computed from them and from what the hub
 * has seen. Public face: {@link org.pathways.hub.onboarding.Onboarding}; the timeline itself is the
 * plain function {@link org.pathways.hub.onboarding.OnboardingTimeline#compute}.
 */
package org.pathways.hub.onboarding;

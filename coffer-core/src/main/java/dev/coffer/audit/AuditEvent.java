package dev.coffer.audit;

import java.time.Instant;

/**
 * One audited operation, shaped after Azure Key Vault's AuditEvent log. Never holds secret values, key
 * material, credentials or tokens: only names, ids, outcomes and reasons.
 *
 * @param resultType     Success, Failure or Denied
 * @param decisionModel  rbac or accessPolicy when an authorization decision was made, else null
 * @param decisionReason which assignment/policy decided, or what was missing
 */
public record AuditEvent(Instant time, String operationName, String resultType, int httpStatus,
                         String resultSignature, String resultDescription, long durationMs, String callerIpAddress,
                         String correlationId, String tenantId, String objectId, String appId, String resourceId,
                         String vaultName, String requestUri, String decisionModel, String decisionReason) {
}

package dev.coffer.audit;

import java.time.Instant;

/**
 * One audited operation, shaped after Azure Key Vault's {@code AuditEvent} diagnostic log. Never holds secret
 * values, key material, credentials or tokens: only names, ids, outcomes and reasons.
 *
 * @param resultType      Success, Failure or Denied (Unknown when the server stopped before the outcome)
 * @param decisionModel   rbac, accessPolicy or directoryRole when an authorization decision was made, else null
 * @param decisionReason  which assignment/policy decided, or what was missing
 * @param upn             the caller's user principal name, when the caller is a user
 * @param clientInfo      the client's User-Agent, as Azure's {@code properties.clientInfo}
 * @param tlsVersion      the TLS protocol of the connection
 * @param networkDecision the vault firewall's verdict, when one was made
 * @param selfGrant       true when the caller changed its own access (role assignment or access policy)
 * @param targetId        the object acted on (Azure's {@code properties.id}), when it differs from the resource
 * @param accessPoliciesChanged true when a vault write altered its access policies (the vault engine compares
 *                        them inside the write; carried by the outcome), so VaultAccessPolicyChanged fires only
 *                        then; null when not a vault write
 */
public record AuditEvent(Instant time, String operationName, String resultType, int httpStatus,
                         String resultSignature, String resultDescription, long durationMs, String callerIpAddress,
                         String correlationId, String tenantId, String objectId, String appId, String resourceId,
                         String vaultName, String requestUri, String decisionModel, String decisionReason,
                         String upn, String clientInfo, String tlsVersion, String networkDecision, Boolean selfGrant,
                         String targetId, Boolean accessPoliciesChanged) {

    public AuditEvent(Instant time, String operationName, String resultType, int httpStatus, String resultSignature,
                      String resultDescription, long durationMs, String callerIpAddress, String correlationId,
                      String tenantId, String objectId, String appId, String resourceId, String vaultName,
                      String requestUri, String decisionModel, String decisionReason, String upn, String clientInfo,
                      String tlsVersion, String networkDecision, Boolean selfGrant, String targetId) {
        this(time, operationName, resultType, httpStatus, resultSignature, resultDescription, durationMs,
                callerIpAddress, correlationId, tenantId, objectId, appId, resourceId, vaultName, requestUri,
                decisionModel, decisionReason, upn, clientInfo, tlsVersion, networkDecision, selfGrant, targetId, null);
    }

    /** The shape before the properties of the logging issue; kept for callers that do not know them. */
    public AuditEvent(Instant time, String operationName, String resultType, int httpStatus, String resultSignature,
                      String resultDescription, long durationMs, String callerIpAddress, String correlationId,
                      String tenantId, String objectId, String appId, String resourceId, String vaultName,
                      String requestUri, String decisionModel, String decisionReason) {
        this(time, operationName, resultType, httpStatus, resultSignature, resultDescription, durationMs,
                callerIpAddress, correlationId, tenantId, objectId, appId, resourceId, vaultName, requestUri,
                decisionModel, decisionReason, null, null, null, null, null, null);
    }

    /** What became of the operation. */
    public AuditOutcome outcome() {
        return new AuditOutcome(resultType, httpStatus, resultSignature, resultDescription, durationMs, targetId,
                accessPoliciesChanged);
    }

    /** This event with the outcome an intent lacked (how the reader presents intent + outcome as one event). */
    public AuditEvent withOutcome(AuditOutcome o) {
        return new AuditEvent(time, operationName, o.resultType(), o.httpStatus(), o.resultSignature(),
                o.resultDescription(), o.durationMs(), callerIpAddress, correlationId, tenantId, objectId, appId,
                resourceId, vaultName, requestUri, decisionModel, decisionReason, upn, clientInfo, tlsVersion,
                networkDecision, selfGrant, o.targetId() != null ? o.targetId() : targetId,
                o.accessPoliciesChanged() != null ? o.accessPoliciesChanged() : accessPoliciesChanged);
    }
}

// Public entry of the generated contracts: every message, enum and gRPC service, one import path.
// Written by scripts/contracts.sh generate; do not edit.
export * from './gen/google/protobuf/timestamp';
export * from './gen/handoff/analytics/v1/analytics_service';
export * from './gen/handoff/analytics/v1/conversation_outcome';
export * from './gen/handoff/context/v1/context_package';
export * from './gen/handoff/context/v1/context_service';
export * from './gen/handoff/conversation/v1/conversation_event';
export * from './gen/handoff/conversation/v1/outbound_message';
export * from './gen/handoff/detection/v1/conversation_signals';
export * from './gen/handoff/detection/v1/detection_service';
export * from './gen/handoff/detection/v1/escalation';
export * from './gen/handoff/detection/v1/handoff_offered';
export * from './gen/handoff/detection/v1/handoff_requested';
export * from './gen/handoff/notification/v1/delivery_record';
export * from './gen/handoff/routing/v1/agent';
export * from './gen/handoff/routing/v1/routing_service';
export * from './gen/handoff/routing/v1/routing_update';

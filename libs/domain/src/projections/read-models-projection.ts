/**
 * The name under which the projector records its applied offsets. Version 2 keeps one totals
 * document per caregiver: under a new name the projector finds nothing applied and folds the log
 * from its start into the new shape (the consumer rewinds, exactly-once-fold.ts step 6).
 */
export const READ_MODELS_PROJECTION = 'read-models-v2';

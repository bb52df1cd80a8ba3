/** The name under which the projector records its applied offsets. */
export const READ_MODELS_PROJECTION = 'read-models';

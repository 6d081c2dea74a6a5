package io.mlconnector.sandbox.peoplesoft;

/** A query prompt as QueryPrompts.v1 lists it. */
record QueryPrompt(String uniquePromptName, String fieldName, String headingText, FieldType type, int fieldLength,
                   String formatText) {
}

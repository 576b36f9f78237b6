import { z } from "zod";

const id = z.string().min(1).max(64);

export const renameTopicInput = z.object({
  topicId: id,
  label: z.string().trim().min(1, "Give the topic a name").max(80, "At most 80 characters"),
});

export const mergeTopicsInput = z.object({
  intoId: id,
  fromIds: z.array(id).min(1, "Pick at least one topic to merge").max(50),
});

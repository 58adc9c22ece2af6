// The last action's failure, in the person's words, announced to screen readers.
import { MessageBar, MessageBarBody } from '@fluentui/react-components';

export interface ErrorLineProps {
  message: string;
}

export function ErrorLine({ message }: ErrorLineProps) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{message}</MessageBarBody>
    </MessageBar>
  );
}

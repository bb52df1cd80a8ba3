import { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal dialog (the native <dialog>: focus stays inside, Escape closes it unless told otherwise);
 * focus goes back to what opened it when it closes.
 */
export function Modal(props: { labelledBy: string; onClose?: () => void; children: ComponentChildren; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={props.className}
      aria-labelledby={props.labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose.current?.();
      }}
    >
      {props.children}
    </dialog>
  );
}
